using System.CommandLine;
using FashionFunctions.Admin;

var root = new RootCommand("FashionFunctions admin: schema, dataset import, training, the model registry and predictions, over the same library as the function app.");
root.Options.Add(AdminCommand.Json);
root.Subcommands.Add(MigrateCommand.Create());
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(HealthCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(ModelsCommand.Create());
root.Subcommands.Add(ScoreCommand.Create());
root.Subcommands.Add(PredictCommand.Create());
return await AdminCommand.RunAsync(root, args);
