"""Devices, ports and cables to and from CSV / Excel files, one kind per file.

`formats` is the three file formats (Indonesian headers, one record per row; an exported file
can be edited and imported back) and checks each row as the model would take it, with the
cell checks all three share (`cells`); `importing` runs an upload through the worker: the dry
run reports every problem by row and column and stores nothing, then the import stores every
row or none, reporting its progress. The reading of an upload (size, type, cells) is the
agencies' (`organizations.importexport.reading`)."""
