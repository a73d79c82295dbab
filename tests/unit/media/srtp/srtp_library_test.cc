// Scenarios: Init() succeeds, is idempotent and thread-safe (concurrent
// callers all succeed), marks the library initialised; GcmSupported()
// agrees with whether an AEAD_AES_128_GCM session can be created.

#include "media/srtp/srtp_library.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "media/srtp/sdes_key.h"
#include "media/srtp/srtp_session.h"

namespace chorus::media {
namespace {

TEST(SrtpLibraryTest, InitIsIdempotentAndThreadSafe) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] { ok += SrtpLibrary::Init().has_value() ? 1 : 0; });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 4);
  EXPECT_TRUE(SrtpLibrary::Init());
  EXPECT_TRUE(SrtpLibrary::Initialized());
}

TEST(SrtpLibraryTest, GcmProbeMatchesSessionCreation) {
  ASSERT_TRUE(SrtpLibrary::Init());
  auto key = GenerateSdesKeyParams(SrtpSuite::kAeadAes128Gcm);
  ASSERT_TRUE(key);
  EXPECT_EQ(SrtpSession::Create(SrtpDirection::kInbound, *key).has_value(),
            SrtpLibrary::GcmSupported());
}

}  // namespace
}  // namespace chorus::media
