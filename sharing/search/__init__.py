"""Workspace search: the index (`index`), text inside files (`extract`), the
query (`query`) and highlighted snippets (`highlight`).

Who may find what is decided by `sharing.access`, in the query itself; this
package only matches and ranks what the access package lets through.
"""
