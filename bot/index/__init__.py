"""The search index: BM25 impact postings of passages and of whole files, on disk as a
folder of plain files, rebuilt incrementally and swapped in atomically.

=====================  ==========================================================
module                 what it owns
=====================  ==========================================================
``format``             the files of a generation, the record codec, the JSON Lines
                       store, the checks a generation passes when loaded
``terms``              what a passage is indexed under: BM25 tokens, reading order
``impacts``            the BM25 formula (Lucene's IDF) and the impacts it gives
``backend``            ``SearchBackend``: what answering needs from an index
``search``             a loaded generation: scoring, top k
``scoring``            adding up posting lists; the candidates of the top k
``postings``           assembling one generation's postings (spills, merge, sort)
``writer``             writing one generation, file by file
``corpus``             the corpus on disk: scan, content hashes, staleness
``parse``              parsing files in worker processes, within budgets
``folder``             the index folder: lock, generations, atomic swap
``pipeline``           build, open_index, BuildReport
=====================  ==========================================================
"""

from .backend import SearchBackend
from .corpus import FileState, scan
from .folder import MARKER, IndexFolder, IndexFolderError
from .format import SCHEMA_VERSION, IndexLoadError, JsonlStore, Postings
from .impacts import LuceneBM25, lucene_idf
from .pipeline import BuildReport, build, index_documents, open_index, staleness
from .search import SearchIndex
from .terms import bm25_tokens, bm25_tokens_and_reading_order
from .writer import IndexWriter, ParsedFile

__all__ = [
    "MARKER",
    "SCHEMA_VERSION",
    "BuildReport",
    "FileState",
    "IndexFolder",
    "IndexFolderError",
    "IndexLoadError",
    "IndexWriter",
    "JsonlStore",
    "LuceneBM25",
    "ParsedFile",
    "Postings",
    "SearchBackend",
    "SearchIndex",
    "bm25_tokens",
    "bm25_tokens_and_reading_order",
    "build",
    "index_documents",
    "lucene_idf",
    "open_index",
    "scan",
    "staleness",
]
