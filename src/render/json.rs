//! stub
use super::{Files, RenderError, RenderInput};

pub fn render(_input: RenderInput<'_>) -> Result<Files, RenderError> {
    Ok(Files::new())
}
