"""Reading files into the workspace: readers, cleaning, language ID and the batch pipeline."""

from .pipeline import IngestReport, ingest_paths, reanalyse_sources

__all__ = ["IngestReport", "ingest_paths", "reanalyse_sources"]
