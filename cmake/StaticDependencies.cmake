# DORA_STATIC: every third-party library from its static archive, so that an
# executable linked with -static needs nothing from the host at run time.
#
# Include this module before the find_package() calls. It
#   * asks CMake's find modules for static archives (OpenSSL, ZLIB, Protobuf);
#   * provides dora_static_rewrite_imported_targets(), to be called after the
#     find_package() calls, which points every imported library target that
#     names a shared object (absl::*, gRPC::*, c-ares) at the .a next to it
#     and fails the configure step, naming the library, when there is none;
#   * provides dora_static_postgres_target(), which defines PkgConfig::PQXX
#     as libpqxx.a + libpq.a + libpgcommon.a + libpgport.a from the Debian
#     packages unpacked by scripts/static-deps.sh (DORA_STATIC_DEPS_DIR).
#
# What a static plugin gives up (docs: README "Platforms"): libpq is built
# with Kerberos (GSSAPI) and LDAP, for which Debian ships no static archives;
# dora_libpq_static_stubs (src/store) answers those calls with "unavailable",
# so GSSAPI authentication/encryption and LDAP service lookups are not
# supported. glibc's NSS modules cannot be loaded either: host names are
# resolved with c-ares (src/store/host_resolver.h), never with getaddrinfo.

set(OPENSSL_USE_STATIC_LIBS TRUE)
set(ZLIB_USE_STATIC_LIBS TRUE)
set(Protobuf_USE_STATIC_LIBS TRUE)

function(_dora_static_archive_of out library)
  string(REGEX REPLACE "\\.so(\\.[0-9]+)*$" ".a" archive "${library}")
  set(${out} "${archive}" PARENT_SCOPE)
endfunction()

function(dora_static_rewrite_imported_targets)
  get_property(targets DIRECTORY ${PROJECT_SOURCE_DIR} PROPERTY IMPORTED_TARGETS)
  foreach(target ${targets})
    get_target_property(type ${target} TYPE)
    if(NOT type MATCHES "^(SHARED_LIBRARY|UNKNOWN_LIBRARY)$")
      continue()
    endif()
    get_target_property(configs ${target} IMPORTED_CONFIGURATIONS)
    set(properties IMPORTED_LOCATION)
    if(configs)
      foreach(config ${configs})
        list(APPEND properties IMPORTED_LOCATION_${config})
      endforeach()
    endif()
    foreach(property ${properties})
      get_target_property(location ${target} ${property})
      if(NOT location OR NOT location MATCHES "\\.so(\\.[0-9]+)*$")
        continue()
      endif()
      _dora_static_archive_of(archive "${location}")
      if(NOT EXISTS "${archive}")
        # Shared-only targets nobody links (e.g. flatbuffers_shared) are harmless.
        set_property(TARGET ${target} PROPERTY DORA_NO_STATIC_ARCHIVE "${location}")
        continue()
      endif()
      set_property(TARGET ${target} PROPERTY ${property} "${archive}")
    endforeach()
  endforeach()
endfunction()

# Fails when `target` (an executable) would link a library that has no static
# archive; call it at the end of the top-level CMakeLists.
function(dora_static_check_links target)
  set(seen "")
  set(queue ${target})
  while(queue)
    list(POP_FRONT queue current)
    if(current IN_LIST seen OR NOT TARGET ${current})
      continue()
    endif()
    list(APPEND seen ${current})
    get_target_property(missing ${current} DORA_NO_STATIC_ARCHIVE)
    if(missing)
      message(FATAL_ERROR "DORA_STATIC: ${target} links ${current} (${missing}), which has no static "
                          "archive; install its Debian -dev package or configure with -DDORA_STATIC=OFF")
    endif()
    foreach(property LINK_LIBRARIES INTERFACE_LINK_LIBRARIES)
      get_target_property(deps ${current} ${property})
      if(deps)
        foreach(dep ${deps})
          string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" dep "${dep}")
          if(TARGET ${dep})
            list(APPEND queue ${dep})
          endif()
        endforeach()
      endif()
    endforeach()
  endwhile()
endfunction()

function(dora_static_postgres_target)
  set(root "${DORA_STATIC_DEPS_DIR}")
  set(lib "${root}/usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}")
  set(pglib "${root}/usr/lib/postgresql/15/lib")
  foreach(archive "${lib}/libpqxx.a" "${lib}/libpq.a" "${pglib}/libpgcommon.a" "${pglib}/libpgport.a")
    if(NOT EXISTS "${archive}")
      message(FATAL_ERROR "DORA_STATIC: ${archive} is missing; run scripts/static-deps.sh "
                          "(scripts/setup.sh does) to unpack the PostgreSQL client archives")
    endif()
  endforeach()
  add_library(PkgConfig::PQXX INTERFACE IMPORTED GLOBAL)
  set_target_properties(PkgConfig::PQXX PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${root}/usr/include;${root}/usr/include/postgresql"
    INTERFACE_LINK_LIBRARIES
      "${lib}/libpqxx.a;${lib}/libpq.a;dora_libpq_static_stubs;${pglib}/libpgcommon.a;${pglib}/libpgport.a;OpenSSL::SSL;OpenSSL::Crypto;Threads::Threads")
endfunction()
