"""Files in and out (the edge: engine/ never touches a file).

`files` (formats by extension, decoding, the file error, atomic writes), `rows` (row readers:
csv, tsv, xlsx, json, jsonl, yaml, parquet), `pipeline` (the columnar reader that turns a file
into validated columns), `stdin` (spooling and row estimates), `writers` (every output
format, formula-escaped) and `template` (the empty pipeline file).
"""

from .files import READ_FORMATS, WRITE_FORMATS, DataFileError, atomic_path, decode, file_format, file_sha256, read_bytes
from .rows import ROW, plain_value, read_table
from .writers import escape_formula, is_formula_like, write_columns, write_table

__all__ = ["READ_FORMATS", "WRITE_FORMATS", "DataFileError", "ROW", "atomic_path", "decode", "escape_formula",
           "file_format", "file_sha256", "is_formula_like", "plain_value", "read_bytes", "read_table", "write_columns",
           "write_table"]
