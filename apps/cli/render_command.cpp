// `pond render`: a CPPN genome (JSON) painted at any size, as a PNG, or as an animated GIF.

#include <fmt/format.h>
#include <iostream>

#include "commands.hpp"
#include "pond/core/file_io.hpp"
#include "pond/neat/cppn.hpp"
#include "pond/neat/genome_io.hpp"
#include "pond/plot/plot.hpp"
#include "pond/run/run_config.hpp"

namespace pond::cli {

Command add_render(CLI::App& app) {
  auto* sub = app.add_subcommand("render", "Paint a CPPN genome (JSON) as a PNG, or an animated GIF");
  auto genome_file = std::make_shared<std::string>();
  auto size = std::make_shared<int>(512);
  auto height = std::make_shared<int>(0);
  auto frames = std::make_shared<int>(0);
  auto delay = std::make_shared<int>(8);
  auto out = std::make_shared<std::string>();
  auto random_seed = std::make_shared<std::uint64_t>(0);
  auto mutations = std::make_shared<int>(30);
  auto grey = std::make_shared<bool>(false);
  auto animated = std::make_shared<bool>(false);
  auto save = std::make_shared<std::string>();
  auto* genome_option =
      sub->add_option("genome", *genome_file, "The genome: a pond genome document with 4 inputs (x, y, d, bias) or 5 (and t)")
          ->type_name("GENOME.json");
  auto* random_option = sub->add_option("--random", *random_seed, "Instead of a genome: breed one from this seed (see --mutations)")
                            ->type_name("SEED")
                            ->excludes(genome_option);
  sub->add_option("--mutations", *mutations, "Mutations a --random genome goes through")->default_val(30)->type_name("N");
  sub->add_flag("--grey", *grey, "A --random genome paints ink (greyscale) instead of colour");
  sub->add_flag("--animated", *animated, "A --random genome has the t input");
  sub->add_option("--save", *save, "Also write the --random genome here")->type_name("GENOME.json");
  sub->add_option("--size", *size, "Width in pixels (and height, unless --height)")->default_val(512)->type_name("PIXELS");
  sub->add_option("--height", *height, "Height in pixels (default: --size)")->type_name("PIXELS");
  sub->add_option("--frames", *frames, "Frames of an animated GIF (genomes with a t input; default 24 for a .gif)")
      ->type_name("N");
  sub->add_option("--delay", *delay, "Hundredths of a second per GIF frame")->default_val(8)->type_name("CS");
  sub->add_option("--out", *out, "The picture: .png, or .gif for an animation")->required()->type_name("FILE");
  return [=] {
    const int width = *size, tall = *height > 0 ? *height : *size;
    if (width < 1 || width > 16384 || tall < 1 || tall > 16384) {
      throw FlagError(fmt::format("command line: --size and --height must be within 1..16384 (got {} x {})", width, tall));
    }
    const bool gif = out->size() >= 4 && out->compare(out->size() - 4, 4, ".gif") == 0;
    const bool png = out->size() >= 4 && out->compare(out->size() - 4, 4, ".png") == 0;
    if (!gif && !png) throw FlagError("command line: --out must end in .png or .gif (got '" + *out + "')");
    if (*frames < 0 || *frames > 1000) throw FlagError("command line: --frames must be within 1..1000");
    if (*frames > 0 && !gif) throw FlagError("command line: --frames makes an animation: give a .gif --out");
    if (genome_file->empty() && random_option->count() == 0) throw FlagError("command line: give a GENOME.json or --random SEED");
    if (*mutations < 0 || *mutations > 10000) throw FlagError("command line: --mutations must be within 0..10000");
    neat::Genome genome;
    if (!genome_file->empty()) {
      genome = neat::load_genome(*genome_file);
    } else {
      const neat::CppnOptions options{.colour = !*grey, .animated = *animated};
      Rng rng(*random_seed);
      genome = neat::random_cppn(options, rng);
      auto innovations = neat::InnovationRecord::after(genome);
      for (int i = 0; i < *mutations; ++i) {
        neat::mutate_cppn(genome, innovations, options, rng);
        innovations.new_generation();
      }
      if (!save->empty()) neat::save_genome(genome, *save);
    }
    if (gif) {
      if (genome.inputs != neat::cppn_animated_inputs) {
        throw Error((genome_file->empty() ? std::string("the genome") : *genome_file) + ": an animation needs a genome with the t input (5 inputs), this one has " +
                    std::to_string(genome.inputs));
      }
      const auto images = neat::render_animation(genome, width, tall, *frames > 0 ? *frames : 24);
      std::vector<plot::RgbFrame> views;
      for (const auto& image : images) views.push_back({image.width, image.height, image.rgb});
      write_file_atomic(*out, plot::rgb_gif(views, *delay));
    } else {
      neat::CppnRenderer renderer(genome);
      const neat::Image image = renderer.render(width, tall);
      write_file_atomic(*out, plot::rgb_png(image.width, image.height, image.rgb));
    }
    std::cout << fmt::format("wrote {} ({} x {}{})\n", *out, width, tall, gif ? fmt::format(", {} frames", *frames > 0 ? *frames : 24) : "");
    return exit_ok;
  };
}

}  // namespace pond::cli
