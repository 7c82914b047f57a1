//! `uti generate`: a synthetic, fictional dataset for benchmarks.

use super::{Context, Failure, output_syntax, write_failure};
use crate::cli::GenerateArgs;
use crate::output::write_output;
use uti_core::generate::{Shape, generate};

pub fn run(context: &Context, args: GenerateArgs) -> Result<(), Failure> {
    let shape = Shape {
        initiatives: args.initiatives,
        sessions: args.sessions,
        chains: args.chains,
    };
    let dataset = generate(shape, args.seed);
    let text = uti_core::file::write(&dataset, output_syntax(args.format, args.out.as_deref()));
    write_output(args.out.as_deref(), text.as_bytes())
        .map_err(|e| write_failure(context.lang, args.out.as_deref(), e))
}
