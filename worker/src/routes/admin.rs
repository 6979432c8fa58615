//! The settings only admins change, by area.

pub(crate) mod automation;
pub(crate) mod bots;
pub(crate) mod canned;
pub(crate) mod channels;
pub(crate) mod consent;
pub(crate) mod people;
