//! The document model and what is read off its text: blocks and the section tree (model, structure),
//! the document's kind (classify), text normalisation (text), sentences and tables across blocks
//! (sentences), what in a sentence is not the writer's own (reported), and place names (gazetteer).

pub mod classify;
pub mod gazetteer;
pub mod model;
pub mod reported;
pub mod sentences;
pub mod structure;
pub mod text;
