// CPU autocast switch for libtorch 2.4: tch 0.17's `autocast` only drives CUDA.
// Autocast state is thread-local in libtorch, so each worker thread sets its own.
#include <ATen/autocast_mode.h>

extern "C" bool accord_set_cpu_autocast(bool enabled) {
  bool previous = at::autocast::is_autocast_enabled(at::kCPU);
  at::autocast::set_autocast_dtype(at::kCPU, at::kBFloat16);
  at::autocast::set_autocast_enabled(at::kCPU, enabled);
  if (!enabled) {
    at::autocast::clear_cache();
  }
  return previous;
}
