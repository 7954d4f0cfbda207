"""segur-extractor: read the attachments of a Ségur solde and check them against its JSON."""

__version__ = "0.1.0"
