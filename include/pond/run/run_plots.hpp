#pragma once
/// @file
/// Pictures of a run directory: the archive as a heatmap (grid, CVT) or a scatter (novelty), and the
/// QD score and coverage curves from metrics.csv.

#include <filesystem>
#include <string>
#include <vector>

#include "pond/core/archive.hpp"
#include "pond/neat/genome.hpp"
#include "pond/plot/plot.hpp"
#include "pond/run/run_directory.hpp"

namespace pond {

/// One row of metrics.csv.
struct MetricsRow {
  double evaluations, iterations, elites, coverage, qd_score, norm_qd_score, best_objective, novelty_threshold,
      archive_size, seconds;
};

/// Reads metrics.csv. Throws pond::Error naming the file and line of a malformed row.
std::vector<MetricsRow> read_metrics(const std::filesystem::path& file);

/// A PNG of an archive with 2-D descriptors: grid heatmap, CVT Voronoi heatmap or novelty scatter,
/// coloured by objective, with `overlay` (a path through descriptor space; not drawn on a novelty
/// scatter) when given. Throws pond::Error when the descriptors are not 2-D.
template <class S>
std::string archive_picture_png(const Archive<S>& archive, const std::string& title,
                                const plot::PathOverlay* overlay = nullptr);

extern template std::string archive_picture_png<Vector>(const Archive<Vector>&, const std::string&, const plot::PathOverlay*);
extern template std::string archive_picture_png<neat::Genome>(const Archive<neat::Genome>&, const std::string&,
                                                              const plot::PathOverlay*);

/// Writes heatmap.png (and novelty.png for a novelty search) from the archives saved in `run`, and
/// progress.png from its metrics.csv. Archives whose descriptors are not 2-D (XOR's) get no picture. Returns the files written. Throws pond::Error when the run has
/// no saved archive yet.
std::vector<std::filesystem::path> write_run_plots(const RunDirectory& run);

}  // namespace pond
