#!/bin/sh
# What the apache/kafka image ships under this name (the compose file's health check calls it).
exec java -Xmx128m -Dlog4j.configuration=file:/opt/kafka/log4j.properties -cp '/opt/kafka/libs/*' kafka.admin.BrokerApiVersionsCommand "$@"
