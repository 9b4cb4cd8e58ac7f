# linux/amd64 on a Debian arm64 host: g++-x86-64-linux-gnu and the :amd64 packages.
set(DORA_CROSS_CPU x86_64)
include(${CMAKE_CURRENT_LIST_DIR}/debian-cross.cmake)
