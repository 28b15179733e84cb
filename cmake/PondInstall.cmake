include(CMakePackageConfigHelpers)

set(pond_exported pond)
if(POND_BUILD_MPI)
  list(APPEND pond_exported pond_mpi)
endif()
install(TARGETS ${pond_exported} EXPORT pondTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS pond_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/pond DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# The page of `pond serve`, found there by an installed pond (see apps/serve/server.cpp).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/web/ DESTINATION ${CMAKE_INSTALL_DATADIR}/pond/web)
install(EXPORT pondTargets NAMESPACE pond:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/pond)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/pondConfig.cmake.in
  ${PROJECT_BINARY_DIR}/pondConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/pond)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/pondConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/pondConfig.cmake ${PROJECT_BINARY_DIR}/pondConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/pond)
