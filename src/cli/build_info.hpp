#pragma once
// The version CMake stamps into the build (project VERSION).
#ifndef BERTH_VERSION
#define BERTH_VERSION "dev"
#endif
