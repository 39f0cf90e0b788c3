{% for line in header -%}
# {{ line }}
{% endfor -%}
#
# Read by find_package(oqs_messages {{ version }}) once CMakeLists.txt beside it has been built
# and installed: defines the imported static library oqs_messages::oqs_messages, whose include
# directories hold oqs_messages.h.
include("${CMAKE_CURRENT_LIST_DIR}/oqs_messagesTargets.cmake")
