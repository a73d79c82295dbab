#include "media/base/check.h"

#include <cstdio>
#include <cstdlib>

#include "media/base/result.h"

namespace chorus {
namespace internal {

void CheckFailed(const char* expr, const char* file, int line) {
  fprintf(stderr, "level=fatal event=check_failed expr=\"%s\" at=%s:%d\n", expr, file, line);
  fflush(stderr);
  abort();
}

}  // namespace internal

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kParse: return "parse";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kAlreadyExists: return "already_exists";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kExhausted: return "exhausted";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kIo: return "io";
    case ErrorCode::kInternal: return "internal";
  }
  return "unknown";
}

}  // namespace chorus
