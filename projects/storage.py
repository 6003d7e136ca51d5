"""Storage for files only members may see: documents, pool photos.

Every process must reach the same files, so where they live is configuration:

- by default a folder on the local disk (`PRIVATE_MEDIA_ROOT`; share it between
  machines with NFS or similar, or run one machine);
- an S3-compatible bucket when `PRIVATE_STORAGE_BUCKET` is set
  (`STORAGES["private"]`, django-storages' S3Storage; see the README).

`PrivateStorage` is what the models name (and their migrations record); it
hands every call to the backend the settings choose, so switching to a bucket
needs no migration.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

PRIVATE_ALIAS = "private"


class LocalPrivateStorage(FileSystemStorage):
    """Files outside MEDIA_ROOT, with no URL: served only through a view that checks access."""

    def __init__(self, location=None, **kwargs):
        super().__init__(location=location or settings.PRIVATE_MEDIA_ROOT, base_url=None, **kwargs)

    def url(self, name):
        raise ValueError("Private files have no public URL.")


@deconstructible
class PrivateStorage(Storage):
    """The private files' storage: the configured backend (local disk or a bucket)."""

    @cached_property
    def backend(self) -> Storage:
        if PRIVATE_ALIAS in settings.STORAGES:
            return storages[PRIVATE_ALIAS]
        return LocalPrivateStorage()

    @property
    def is_local(self) -> bool:
        """True when the files are on this machine's disk (they have a path)."""
        return isinstance(self.backend, FileSystemStorage)

    # Storage's public interface, handed on.
    def _open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def save(self, name, content, max_length=None):
        return self.backend.save(name, content, max_length=max_length)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def delete(self, name):
        return self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def size(self, name):
        return self.backend.size(name)

    def path(self, name):
        return self.backend.path(name)

    def url(self, name):
        return self.backend.url(name)

    def get_modified_time(self, name):
        return self.backend.get_modified_time(name)


private_storage = PrivateStorage()
