environment = "prod"
account_id  = "111122223333"
