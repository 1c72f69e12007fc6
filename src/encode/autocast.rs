//! CPU bf16 autocast: matrix products in bfloat16, reductions and layer norms
//! in fp32, as libtorch's autocast policy decides. About 2.8× the fp32 speed on
//! CPUs with native bf16 instructions (AVX-512 BF16, AMX); slower elsewhere, so
//! it is used only where [`cpu_has_native_bf16`] says so.

extern "C" {
    fn accord_set_cpu_autocast(enabled: bool) -> bool;
}

/// Whether this CPU computes bf16 natively (Linux `/proc/cpuinfo` flags).
pub fn cpu_has_native_bf16() -> bool {
    std::fs::read_to_string("/proc/cpuinfo")
        .map(|info| {
            info.lines()
                .filter(|l| l.starts_with("flags"))
                .any(|l| l.split_whitespace().any(|f| f == "avx512_bf16" || f == "amx_bf16"))
        })
        .unwrap_or(false)
}

/// Enables CPU autocast on this thread until dropped (the state is thread-local).
pub struct CpuAutocast {
    previous: bool,
}

impl CpuAutocast {
    /// Turns bf16 autocast on for this thread.
    pub fn enable() -> CpuAutocast {
        // SAFETY: the shim only flips libtorch's thread-local autocast flags.
        let previous = unsafe { accord_set_cpu_autocast(true) };
        CpuAutocast { previous }
    }
}

impl Drop for CpuAutocast {
    fn drop(&mut self) {
        // SAFETY: as above.
        unsafe {
            accord_set_cpu_autocast(self.previous);
        }
    }
}
