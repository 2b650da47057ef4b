//! TEMPORARY stand-in for the PostgreSQL client (replaced by the real module at merge).
pub use rusqlite::types::Value;
pub enum Args {
    Pos(Vec<Value>),
    Named(Vec<(String, Value)>),
}
#[derive(Debug, Clone)]
pub struct PgError {
    pub sqlstate: Option<String>,
    pub message: String,
    pub lost: bool,
    pub table: Option<String>,
}
impl std::fmt::Display for PgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for PgError {}
pub struct PgClient;
fn none<T>() -> Result<T, PgError> {
    Err(PgError {
        sqlstate: None,
        message: "no PostgreSQL".into(),
        lost: true,
        table: None,
    })
}
impl PgClient {
    pub fn connect(_url: &str) -> Result<PgClient, PgError> {
        none()
    }
    pub fn query(&self, _sql: &str, _args: Args) -> Result<Vec<Vec<Value>>, PgError> {
        none()
    }
    pub fn execute(&self, _sql: &str, _args: Args) -> Result<u64, PgError> {
        none()
    }
    pub fn batch(&self, _sql: &str) -> Result<(), PgError> {
        none()
    }
}
