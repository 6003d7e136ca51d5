from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Django's login form without autofocus.

    Autofocus would skip the skip link and the page's introduction for keyboard
    and screen-reader users (WCAG 2.4.3, focus order).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)
