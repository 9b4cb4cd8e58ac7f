# linux/arm64 on a Debian amd64 host: g++-aarch64-linux-gnu and the :arm64 packages.
set(DORA_CROSS_CPU aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
