# Shared part of the cross toolchains (linux-<arch>.cmake set DORA_CROSS_CPU
# and include this): Debian's <cpu>-linux-gnu cross compiler and the
# :<arch> multi-arch -dev packages that scripts/setup.sh installs. Libraries
# and CMake package files come from /usr/lib/<cpu>-linux-gnu; code
# generators (protoc, grpc_cpp_plugin, flatc) stay the build host's.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR ${DORA_CROSS_CPU})
set(CMAKE_C_COMPILER ${DORA_CROSS_CPU}-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER ${DORA_CROSS_CPU}-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE ${DORA_CROSS_CPU}-linux-gnu)
set(PKG_CONFIG_EXECUTABLE ${DORA_CROSS_CPU}-linux-gnu-pkg-config CACHE FILEPATH "pkg-config for ${DORA_CROSS_CPU}")
# Runs target binaries (try_run, tests) under qemu-user where installed.
find_program(DORA_QEMU_${DORA_CROSS_CPU} NAMES qemu-${DORA_CROSS_CPU}-static qemu-${DORA_CROSS_CPU})
if(DORA_QEMU_${DORA_CROSS_CPU})
  set(CMAKE_CROSSCOMPILING_EMULATOR ${DORA_QEMU_${DORA_CROSS_CPU}})
endif()
