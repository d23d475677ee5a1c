//! The monthly portfolio review: an executive readout of a portfolio's OKRs, KPIs,
//! risk, ROI and benefits at a fixed review date.
//!
//! ```sh
//! cargo run --example portfolio_review                       # the embedded sample
//! cargo run --example portfolio_review -- path/to/portfolio  # your own files
//! cargo run --example portfolio_review -- --format markdown  # or json, html, text
//! cargo run --example portfolio_review -- --format html > review.html
//! ```
//!
//! The review itself is the `folio-review` crate; this program only reads the command
//! line. A directory holds the ten files of `crates/folio-review/data/sample/` and, if
//! present, the optional `allocation.json`, `jira.json` and `linear.json` (their
//! schemas are in `crates/folio-review/data/schema/`). A file that cannot be read,
//! parsed or validated is reported as `error: <file>: <problem>` with exit code 1.

// An example is a program whose output is the point.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use folio_review::{Format, Inputs, render, run};

const USAGE: &str = "usage: portfolio_review [DIRECTORY] [--format text|markdown|json|html]";

struct Args {
    dir: Option<PathBuf>,
    format: Format,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        dir: None,
        format: Format::Text,
    };
    while let Some(arg) = args.next() {
        if arg == "--help" || arg == "-h" {
            return Err(USAGE.to_owned());
        } else if arg == "--format" {
            let value = args
                .next()
                .ok_or("--format needs a value: text, markdown, json or html")?;
            parsed.format = value.parse()?;
        } else if let Some(value) = arg.strip_prefix("--format=") {
            parsed.format = value.parse()?;
        } else if arg.starts_with('-') {
            return Err(format!("unknown option {arg}\n{USAGE}"));
        } else if parsed.dir.is_some() {
            return Err(format!("more than one directory given\n{USAGE}"));
        } else {
            parsed.dir = Some(PathBuf::from(arg));
        }
    }
    Ok(parsed)
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let inputs = match &args.dir {
        Some(dir) => Inputs::from_dir(dir),
        None => Inputs::sample(),
    };
    match inputs
        .and_then(|inputs| run(&inputs))
        .and_then(|review| render(&review, args.format))
    {
        Ok(text) => {
            // A reader that stops early (`... | head`) closes the pipe: that is not an
            // error of the review, so it ends quietly instead of panicking in `print!`.
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    eprintln!("error: writing the review: {e}");
                    ExitCode::FAILURE
                }
                _ => ExitCode::SUCCESS,
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
