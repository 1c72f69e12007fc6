//! `accord models`.

use std::process::ExitCode;

use clap::Args;

use accord::models::ModelDirs;

#[derive(Debug, Args)]
pub struct ModelsArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: ModelsArgs) -> anyhow::Result<ExitCode> {
    let dirs = ModelDirs::locate()?;
    let files = dirs.check()?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&files)?);
    } else {
        println!(
            "encoder dir: {}\nmodels dir:  {}\n",
            dirs.encoder.display(),
            dirs.models.display()
        );
        for f in &files {
            println!(
                "{:<34} {:<8} {}  v{}",
                f.file.name, f.status, f.file.sha256, f.file.version
            );
            println!("{:<34} {}", "", f.file.source);
        }
    }
    let bad = files.iter().filter(|f| f.status != "ok").count();
    if bad > 0 {
        eprintln!("accord: {bad} model file(s) missing or changed; run scripts/setup.sh (base encoder) or check out models/ again");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
