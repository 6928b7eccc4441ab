"""Media on the local disk, each file written whole or not at all."""

import errno
import os
import uuid

from django.core.files.storage import FileSystemStorage

# What os.link() raises where the file system has no hard links.
NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS}


class WholeFileSystemStorage(FileSystemStorage):
    """Django's FileSystemStorage, writing each file under a name of its own and linking it into place once whole.

    Media names are made from the files' content, and a name that exists is taken to hold the whole file
    (images.py). Django writes straight into the name, so an import stopped mid-write (Ctrl+C, a killed process)
    left part of an image there for good, and another process could serve or read a file still being written.
    """

    def _save(self, name, content):
        folder, base = os.path.split(name)
        partial = os.path.join(folder, f".partial-{uuid.uuid4().hex}-{base}")
        try:
            partial = super()._save(partial, content)
            while True:
                try:
                    os.link(self.path(partial), self.path(name))
                    return name
                except FileExistsError:
                    name = self.get_available_name(name)
                except OSError as error:
                    if error.errno not in NO_HARD_LINKS:
                        raise
                    # A disk without hard links (some network and container volumes): moved into place, which
                    # is as whole, though another writer could take the free name first.
                    if not os.path.lexists(self.path(name)):
                        os.replace(self.path(partial), self.path(name))
                        return name
                    name = self.get_available_name(name)
        finally:
            if os.path.lexists(self.path(partial)):
                os.remove(self.path(partial))
