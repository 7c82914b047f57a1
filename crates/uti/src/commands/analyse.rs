//! `uti analyse`: the analysis across initiatives, as JSON, text or Markdown.

use super::{Context, Failure, read_datasets};
use crate::cli::{AnalyseArgs, AnalysisFormat};
use crate::output::write_output;
use uti_core::analysis::analyse;
use uti_core::model::Dataset;
use uti_core::prose;

pub async fn run(context: &Context, args: AnalyseArgs) -> Result<(), Failure> {
    let dataset = if args.files.is_empty() {
        let store = context.open().await?;
        let dataset = store
            .dataset()
            .await
            .map_err(|e| context.store_failure(e))?;
        store.close().await;
        dataset
    } else {
        merge(read_datasets(
            context,
            &args.files,
            uti_core::file::DEFAULT_MAX_SIZE,
        )?)
    };
    let analysis = analyse(&dataset);
    let lang = context.lang;
    let text = match args.format {
        AnalysisFormat::Json => analysis.to_json(),
        AnalysisFormat::Text => prose::to_text(&prose::summarise(&analysis, &dataset, lang)),
        AnalysisFormat::Markdown => {
            let title = match &dataset.network {
                Some(n) => format!("{}: {n}", lang.pick("Analyse", "Analysis")),
                None => lang
                    .pick("Analyse van het netwerk", "Analysis of the network")
                    .to_owned(),
            };
            prose::to_markdown(&prose::summarise(&analysis, &dataset, lang), &title)
        }
    };
    write_output(None, text.as_bytes()).map_err(|e| super::write_failure(lang, None, e))
}

/// Several files analysed as one network.
fn merge(datasets: Vec<Dataset>) -> Dataset {
    let mut all = Dataset::empty();
    for d in datasets {
        all.network = all.network.or(d.network);
        for (into, from) in [
            (&mut all.themes, d.themes),
            (&mut all.challenges, d.challenges),
        ] {
            let list = into.get_or_insert_with(Vec::new);
            for term in from.unwrap_or_default() {
                if !list.iter().any(|t| t.id == term.id) {
                    list.push(term);
                }
            }
        }
        all.initiatives
            .get_or_insert_with(Vec::new)
            .extend(d.initiatives.unwrap_or_default());
    }
    all
}
