#pragma once

// Move-only RAII owner for a C library handle: CHandle<event_base,
// event_base_free>. Every C handle in Chorus goes through one of these so
// its free call lives in exactly one place (STYLE.md §5).

#include <memory>

namespace chorus {

template <auto FreeFn>
struct CHandleDeleter {
  template <typename T>
  void operator()(T* p) const {
    if (p != nullptr) FreeFn(p);
  }
};

template <typename T, auto FreeFn>
using CHandle = std::unique_ptr<T, CHandleDeleter<FreeFn>>;

}  // namespace chorus
