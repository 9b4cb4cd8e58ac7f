# Cross build for linux/arm64 on a Debian amd64 host with Debian's
# g++-aarch64-linux-gnu and the :arm64 multi-arch -dev packages
# (scripts/setup.sh installs both). Libraries and CMake package files come
# from /usr/lib/aarch64-linux-gnu; code generators (protoc, grpc_cpp_plugin,
# flatc) stay the host's.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(PKG_CONFIG_EXECUTABLE aarch64-linux-gnu-pkg-config CACHE FILEPATH "pkg-config for arm64")
# Run the emulated binary with qemu when a test or a try_run needs to.
find_program(DORA_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64)
if(DORA_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${DORA_QEMU_AARCH64})
endif()
