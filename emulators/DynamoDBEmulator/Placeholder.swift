// DynamoDBEmulator
