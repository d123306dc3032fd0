echo "migrating $SHOP_NAME"
echo "schema v1" > /data/schema
echo "migration done"
