# Cross build for linux/amd64 on a Debian arm64 host (the mirror image of
# linux-arm64.cmake): Debian's g++-x86-64-linux-gnu and the :amd64 -dev
# packages.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER x86_64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE x86_64-linux-gnu)
set(PKG_CONFIG_EXECUTABLE x86_64-linux-gnu-pkg-config CACHE FILEPATH "pkg-config for amd64")
find_program(DORA_QEMU_X86_64 NAMES qemu-x86_64-static qemu-x86_64)
if(DORA_QEMU_X86_64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${DORA_QEMU_X86_64})
endif()
