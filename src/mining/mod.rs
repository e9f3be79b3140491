//! Mining across submissions: the typical-experience digest (experiences).

pub mod experiences;
