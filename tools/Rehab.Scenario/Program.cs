Console.WriteLine("scenario");
