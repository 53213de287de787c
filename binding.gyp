{
  "targets": [
    {
      "target_name": "aura_scan",
      "sources": ["native/scan.c", "native/index.c", "native/walk.c"],
      "cflags": ["-O3", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "xcode_settings": {"OTHER_CFLAGS": ["-O3"]}
    }
  ]
}
