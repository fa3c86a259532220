"""A boto3 job as it runs on an EC2 host: no endpoint argument, no keys, no config files (credentials
from the instance profile through IMDS), DynamoDB Query in two regions on the real hosts
(dynamodb.us-east-1.amazonaws.com, dynamodb.us-west-2.amazonaws.com). Prints one JSON line.
"""

import json
import sys

import boto3


def main() -> int:
    counts = {}
    for region in ("us-east-1", "us-west-2"):
        dynamodb = boto3.client("dynamodb", region_name=region)
        table = dynamodb.list_tables()["TableNames"][0]
        key = dynamodb.describe_table(TableName=table)["Table"]["KeySchema"][0]["AttributeName"]
        item = dynamodb.scan(TableName=table, Limit=1)["Items"][0]
        result = dynamodb.query(TableName=table, KeyConditionExpression="#k = :v",
                                ExpressionAttributeNames={"#k": key},
                                ExpressionAttributeValues={":v": item[key]})
        counts[region] = result["Count"]
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
