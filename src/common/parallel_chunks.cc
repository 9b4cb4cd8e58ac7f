#include "common/parallel_chunks.h"

#include <algorithm>
#include <numeric>
#include <thread>

namespace dora {

std::vector<size_t> ChunkBounds(const std::vector<uint64_t>& weights, size_t threads) {
  const size_t n = weights.size();
  if (n == 0) return {};
  const size_t chunks = std::clamp<size_t>(threads, 1, n);
  const uint64_t total = std::accumulate(weights.begin(), weights.end(), uint64_t{0});
  std::vector<size_t> bounds = {0};
  uint64_t before = 0;  // summed weight of items [0, i)
  for (size_t i = 0; i < n && bounds.size() < chunks; ++i) {
    before += weights[i];
    // Cut after item i once the items so far reach the next chunk's share,
    // or when the items left are just enough for one per chunk to come.
    const size_t cut = bounds.size();
    const size_t left = n - (i + 1), to_come = chunks - cut;
    if ((before * chunks >= total * cut && left >= to_come) || left == to_come) bounds.push_back(i + 1);
  }
  bounds.push_back(n);
  return bounds;
}

void ForEachChunk(const std::vector<uint64_t>& weights, size_t threads,
                  const std::function<void(size_t begin, size_t end)>& work) {
  const std::vector<size_t> bounds = ChunkBounds(weights, threads);
  if (bounds.empty()) return;
  std::vector<std::thread> others;
  for (size_t c = 1; c + 1 < bounds.size(); ++c) others.emplace_back(work, bounds[c], bounds[c + 1]);
  work(bounds[0], bounds[1]);
  for (std::thread& t : others) t.join();
}

size_t RequestThreads() {
  const unsigned cores = std::thread::hardware_concurrency();
  return std::clamp<size_t>(cores, 1, 4);
}

size_t ThreadsForBytes(uint64_t bytes) { return bytes < 256 * 1024 ? 1 : RequestThreads(); }

}  // namespace dora
