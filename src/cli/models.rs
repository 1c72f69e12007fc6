//! `accord models` (list and check the model files) and `accord models
//! export` (write the NER model for another framework).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};

use accord::models::{ModelDirs, NerModel};

use super::extract::NerModelArg;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ModelsArgs {
    #[command(subcommand)]
    command: Option<ModelsCommand>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum ModelsCommand {
    /// Write accord's NER model in another framework's layout.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
struct ExportArgs {
    /// Layout to write.
    #[arg(long, value_enum, default_value_t = Format::Hf)]
    format: Format,
    /// Which NER model: the 6-layer standard one or the 3-layer fast one.
    #[arg(long, value_enum, default_value_t = NerModelArg::Standard)]
    model: NerModelArg,
    /// Output directory (created when missing; the export's files in it are replaced).
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Hugging Face transformers: BertForTokenClassification, fp32 safetensors,
    /// word shapes as token_type_ids.
    Hf,
}

pub fn run(args: ModelsArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        Some(ModelsCommand::Export(export)) => run_export(export),
        None => list(args.json),
    }
}

fn list(json: bool) -> anyhow::Result<ExitCode> {
    let dirs = ModelDirs::locate()?;
    let files = dirs.check()?;
    if json {
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

fn run_export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let dirs = ModelDirs::locate()?;
    dirs.verify("base-encoder/")?;
    let model = NerModel::from(args.model);
    dirs.verify(model.file())?;
    let export = match args.format {
        Format::Hf => accord::models::hf::export(&dirs, model, &args.output)?,
    };
    eprintln!(
        "accord: wrote {} ({} tensors, source sha256 {}) in the Hugging Face layout to {}:",
        model.file(),
        export.tensors,
        export.source_sha256.get(..12).unwrap_or(&export.source_sha256),
        export.dir.display()
    );
    for file in &export.files {
        eprintln!("  {file}");
    }
    eprintln!("token_type_ids carry the word-shape class: see accord_shapes.py and README.md there");
    Ok(ExitCode::SUCCESS)
}
