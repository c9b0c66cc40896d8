//! A framework file read in (for the organization's framework): a plain file of at most
//! 1 MB of UTF-8, checked and cleaned by the domain's framework reader.

use std::path::Path;

use super::ExchangeError;
use super::files::InputLimit;
use crate::domain::framework::Framework;

const LIMIT: InputLimit = InputLimit {
    what: "framework files",
    max_bytes: 1024 * 1024,
};

pub fn read(path: &Path) -> Result<Framework, ExchangeError> {
    let bytes = LIMIT.read_all(path)?;
    let not_framework = |detail: String| ExchangeError::NotAFramework {
        path: path.to_owned(),
        detail,
    };
    let text = String::from_utf8(bytes).map_err(|_| not_framework("it is not text.".into()))?;
    Framework::from_toml(&text).map_err(|e| not_framework(e.to_string()))
}
