import D365Sim

SimulatorCommand.run(arguments: Array(CommandLine.arguments.dropFirst()))
