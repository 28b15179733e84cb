// `pond serve`: the Picbreeder-like web app (see apps/serve and docs/serve-api.md).

#include <fmt/format.h>

#include <csignal>
#include <iostream>
#include <thread>

#include "commands.hpp"
#include "pond/run/run_config.hpp"
#include "serve/server.hpp"

namespace pond::cli {

Command add_serve(CLI::App& app) {
  auto* sub = app.add_subcommand("serve", "Serve the web app where people breed, publish and branch CPPN pictures");
  auto options = std::make_shared<serve::ServerOptions>();
  auto host = std::make_shared<std::string>("127.0.0.1");
  auto port = std::make_shared<int>(8080);
  auto data = std::make_shared<std::string>("pond-data");
  auto web = std::make_shared<std::string>();
  sub->add_option("--data", *data, "Directory of the database (pond.sqlite), created on first start")
      ->default_val("pond-data")
      ->type_name("DIR");
  sub->add_option("--host", *host, "Address to listen on (0.0.0.0 for every interface)")->default_val("127.0.0.1");
  sub->add_option("--port", *port, "Port to listen on (0: any free port)")->default_val(8080);
  sub->add_option("--web", *web, "Serve the page's files from here instead of the built-in ones")->type_name("DIR");
  sub->add_option("--registrations", options->registrations,
                  "New accounts allowed per client address per hour (raise it for a class behind one address)")
      ->default_val(options->registrations)
      ->type_name("N");
  sub->add_option("--breeding", options->breeding, "Breeding requests (start, evolve, redo) allowed per address per minute")
      ->default_val(options->breeding)
      ->type_name("N");
  sub->add_option("--login-failures", options->login_failures, "Failed logins allowed per address or name per minute")
      ->default_val(options->login_failures)
      ->type_name("N");
  sub->add_option("--workers", options->workers, "Threads answering requests (each open connection holds one)")
      ->default_val(options->workers)
      ->check(CLI::Range(std::size_t{2}, std::size_t{4096}))
      ->type_name("N");
  sub->add_flag("--secure-cookies", options->secure_cookies, "Mark cookies Secure (when behind an HTTPS proxy)");
  sub->add_flag("--log", options->log_requests, "Print one line per request on stderr");
  return [=] {
    if (*port < 0 || *port > 65535) throw FlagError(fmt::format("command line: --port must be within 0..65535 (got {})", *port));
    if (options->registrations < 1 || options->login_failures < 1 || options->breeding < 1) {
      throw FlagError("command line: --registrations, --breeding and --login-failures must be at least 1");
    }
    serve::init_sodium();
    options->data_dir = *data;
    options->web_dir = *web;
    // SIGINT and SIGTERM are taken by a thread that stops the server cleanly (stop() is not safe in
    // a signal handler); every thread started after this inherits the blocked mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    serve::Server server(*options);
    const int bound = server.bind(*host, *port);
    std::cout << fmt::format("pond serve: http://{}:{}/ (data in {}; Ctrl-C stops)", *host, bound, *data) << std::endl;
    std::thread stopper([&] {
      int received = 0;
      sigwait(&signals, &received);
      server.stop();
    });
    server.run();
    // run() also returns when listening fails: wake the stopper so it can be joined.
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
    std::cout << "pond serve: stopped" << std::endl;
    return exit_ok;
  };
}

}  // namespace pond::cli
