#include "common/parallel_chunks.h"

#include <atomic>
#include <numeric>
#include <vector>

#include "gtest/gtest.h"

namespace dora {
namespace {

// Every split of small weight lists: the chunks cover the items once, in
// order, none empty, min(threads, items) of them.
TEST(ChunkBoundsTest, CoversEveryItemOnceInOrder) {
  for (size_t n = 0; n <= 9; ++n) {
    for (size_t threads = 0; threads <= 5; ++threads) {
      for (uint64_t heavy = 0; heavy < n + 1; ++heavy) {
        std::vector<uint64_t> weights(n, 1);
        if (heavy < n) weights[heavy] = 1000;
        const std::vector<size_t> bounds = ChunkBounds(weights, threads);
        if (n == 0) {
          EXPECT_TRUE(bounds.empty());
          continue;
        }
        const size_t chunks = std::min(std::max<size_t>(threads, 1), n);
        ASSERT_EQ(bounds.size(), chunks + 1) << "n=" << n << " threads=" << threads << " heavy=" << heavy;
        EXPECT_EQ(bounds.front(), 0u);
        EXPECT_EQ(bounds.back(), n);
        for (size_t c = 0; c + 1 < bounds.size(); ++c) EXPECT_LT(bounds[c], bounds[c + 1]);
      }
    }
  }
}

TEST(ChunkBoundsTest, EqualWeightsMakeEqualChunks) {
  EXPECT_EQ(ChunkBounds(std::vector<uint64_t>(8, 5), 2), (std::vector<size_t>{0, 4, 8}));
  EXPECT_EQ(ChunkBounds(std::vector<uint64_t>(9, 5), 3), (std::vector<size_t>{0, 3, 6, 9}));
  // All weight at the end: the earlier chunks still get an item each.
  EXPECT_EQ(ChunkBounds({1, 1, 1, 100}, 2), (std::vector<size_t>{0, 3, 4}));
  // All weight first: it is a chunk of its own.
  EXPECT_EQ(ChunkBounds({100, 1, 1, 1}, 2), (std::vector<size_t>{0, 1, 4}));
}

TEST(ForEachChunkTest, CallsEachItemOnceAcrossThreads) {
  std::vector<uint64_t> weights(1000);
  std::iota(weights.begin(), weights.end(), 1);
  for (size_t threads : {1, 2, 4}) {
    std::vector<int> calls(weights.size(), 0);
    std::atomic<int> chunks{0};
    ForEachChunk(weights, threads, [&](size_t begin, size_t end) {
      ++chunks;
      for (size_t i = begin; i < end; ++i) ++calls[i];
    });
    EXPECT_EQ(chunks.load(), static_cast<int>(threads));
    for (int c : calls) ASSERT_EQ(c, 1);
  }
  int none = 0;
  ForEachChunk({}, 4, [&](size_t, size_t) { ++none; });
  EXPECT_EQ(none, 0);
}

TEST(RequestThreadsTest, BetweenOneAndFour) {
  EXPECT_GE(RequestThreads(), 1u);
  EXPECT_LE(RequestThreads(), 4u);
}

}  // namespace
}  // namespace dora
