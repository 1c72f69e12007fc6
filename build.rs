//! Build script:
//! - links the binary against the libtorch that torch-sys found (the PyPI torch
//!   wheel) with an rpath, so `target/*/accord` runs without LD_LIBRARY_PATH;
//! - compiles the small C++ switch for CPU bf16 autocast (`src/encode/autocast.cpp`)
//!   against the same libtorch's headers.
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=DEP_TCH_LIBTORCH_LIB");
    println!("cargo:rerun-if-changed=src/encode/autocast.cpp");
    let lib = std::env::var("DEP_TCH_LIBTORCH_LIB").expect("torch-sys reports its libtorch (DEP_TCH_LIBTORCH_LIB)");
    println!("cargo:rustc-link-arg=-Wl,-rpath,{lib}");
    let include = PathBuf::from(&lib).join("..").join("include");
    cc::Build::new()
        .cpp(true)
        .file("src/encode/autocast.cpp")
        .include(&include)
        .include(include.join("torch/csrc/api/include"))
        .flag("-std=c++17")
        // The PyPI torch 2.4.0 wheel is built with the pre-C++11 string ABI.
        .define("_GLIBCXX_USE_CXX11_ABI", "0")
        .warnings(false)
        .compile("accord_autocast");
    println!("cargo:rustc-link-lib=dylib=torch_cpu");
    println!("cargo:rustc-link-lib=dylib=c10");
    println!("cargo:rustc-link-search=native={lib}");
}
