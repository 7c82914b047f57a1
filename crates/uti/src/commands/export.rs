//! `uti export`: the whole dataset as one file.

use super::{Context, Failure, output_syntax, write_failure};
use crate::cli::ExportArgs;
use crate::output::write_output;

pub async fn run(context: &Context, args: ExportArgs) -> Result<(), Failure> {
    let store = context.open().await?;
    let dataset = store
        .dataset()
        .await
        .map_err(|e| context.store_failure(e))?;
    store.close().await;
    let syntax = output_syntax(args.format, args.out.as_deref());
    let text = uti_core::file::write(&dataset, syntax);
    write_output(args.out.as_deref(), text.as_bytes())
        .map_err(|e| write_failure(context.lang, args.out.as_deref(), e))
}
