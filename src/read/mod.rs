//! Reading files: the bytes of one file in (sniffed by content, never by extension), a `Document` out
//! (`extract`), or a clear error naming what is wrong. Readers for .docx (ooxml, docx), .doc and WPS (doc),
//! PDF (pdf), OFD (ofd), .xlsx/.xls (xlsx), and .zip submissions (archive).

pub mod altchunk;
pub mod archive;
pub mod doc;
pub mod docx;
pub mod extract;
pub mod layout;
pub mod numfmt;
pub mod ocr;
pub mod ofd;
pub mod ooxml;
pub mod pdf;
pub mod sniff;
pub mod xlsx;
