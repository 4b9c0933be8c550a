"""Files in and out (the edge: engine/ never touches a file).

`files` (formats by extension, decoding, the file error, atomic writes), `pipeline` (the one
entry point: a file to validated candidates; one reader per format, CSV/TSV and Parquet as
columns), `rows` (the row readers: xlsx, json, jsonl, yaml, and Python's CSV tokenizer), `stdin`
(spooling and row estimates), `writers` (every output format, formula-escaped) and `template`
(the empty pipeline file).
"""

from .files import READ_FORMATS, WRITE_FORMATS, DataFileError, atomic_path, decode, file_format, file_sha256, read_bytes
from .rows import ROW, plain_value, read_table
from .writers import ARROW_FORMATS, escape_formula, is_formula_like, write_columns, write_table, write_tables

__all__ = ["ARROW_FORMATS", "READ_FORMATS", "WRITE_FORMATS", "DataFileError", "ROW", "atomic_path", "decode", "escape_formula",
           "file_format", "file_sha256", "is_formula_like", "plain_value", "read_bytes", "read_table", "write_columns",
           "write_table", "write_tables"]
