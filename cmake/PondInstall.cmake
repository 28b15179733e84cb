include(CMakePackageConfigHelpers)

install(TARGETS pond EXPORT pondTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS pond_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/pond DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT pondTargets NAMESPACE pond:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/pond)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/pondConfig.cmake.in
  ${PROJECT_BINARY_DIR}/pondConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/pond)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/pondConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/pondConfig.cmake ${PROJECT_BINARY_DIR}/pondConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/pond)
