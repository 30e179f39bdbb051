# csqm_embed_migrations(TARGET t DIR d HEADER h NAMESPACE ns FUNCTION f)
# Compiles every DIR/NNNN_name.sql into TARGET as
#   std::span<const csqm::store::Migration> ns::f()  (declared in HEADER, sorted by version).
# The list of files is taken at configure time with CONFIGURE_DEPENDS, so adding, removing or
# editing a .sql file regenerates the source on the next build.
set(CSQM_EMBED_MIGRATIONS_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/embed_migrations_script.cmake")

function(csqm_embed_migrations)
  cmake_parse_arguments(ARG "" "TARGET;DIR;HEADER;NAMESPACE;FUNCTION" "" ${ARGN})
  file(GLOB sql_files CONFIGURE_DEPENDS "${ARG_DIR}/*.sql")
  list(SORT sql_files)
  string(REPLACE ";" "|" file_arg "${sql_files}")
  string(TOLOWER "${ARG_FUNCTION}" stem)
  set(output "${CMAKE_CURRENT_BINARY_DIR}/${stem}_embedded.cpp")
  add_custom_command(
    OUTPUT "${output}"
    COMMAND "${CMAKE_COMMAND}" "-DFILES=${file_arg}" "-DOUTPUT=${output}"
            "-DHEADER=${ARG_HEADER}" "-DNAMESPACE=${ARG_NAMESPACE}" "-DFUNCTION=${ARG_FUNCTION}"
            -P "${CSQM_EMBED_MIGRATIONS_SCRIPT}"
    DEPENDS ${sql_files} "${CSQM_EMBED_MIGRATIONS_SCRIPT}"
    COMMENT "Embedding migrations from ${ARG_DIR}"
    VERBATIM)
  target_sources(${ARG_TARGET} PRIVATE "${output}")
endfunction()
