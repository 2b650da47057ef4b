pub fn run(_s: crate::store::Store, _l: crate::config::Lang, _o: String) -> anyhow::Result<()> { Ok(()) }
