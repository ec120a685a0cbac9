return await Rehab.Cli.RehabCli.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable, Console.In);
